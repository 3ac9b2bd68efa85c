package localtime

// spanishNames is a supplement for names the place list lacks: the
// geonames-derived data has each place under one name, mostly the local
// one, and no alternate names, so Spanish exonyms ("Londres", "Nueva
// York") and common short forms ("CDMX") are listed here, folded (see
// PlaceKey). Local names the data has ("Sevilla", "Bogotá") need no
// entry unless other places share them (see cities).
var spanishNames = map[string]string{
	// Spain and Latin America, where the place list would ask
	"sevilla": "Europe/Madrid", "medellin": "America/Bogota", "quito": "America/Guayaquil",
	"cdmx": "America/Mexico_City", "df": "America/Mexico_City", "mexico df": "America/Mexico_City",
	"guadalajara": "America/Mexico_City",
	"monterrey":   "America/Monterrey", "cali": "America/Bogota", "guayaquil": "America/Guayaquil",
	"la habana": "America/Havana", "la paz": "America/La_Paz", "montevideo": "America/Montevideo",
	"asuncion": "America/Asuncion", "santiago de chile": "America/Santiago",
	"ciudad de guatemala": "America/Guatemala", "ciudad de panama": "America/Panama",
	"san salvador": "America/El_Salvador", "tegucigalpa": "America/Tegucigalpa",
	"managua": "America/Managua", "santo domingo": "America/Santo_Domingo",
	"rosario": "America/Argentina/Cordoba", "mendoza": "America/Argentina/Mendoza",
	"puebla": "America/Mexico_City", "valparaiso": "America/Santiago",
	"zaragoza": "Europe/Madrid", "malaga": "Europe/Madrid", "bilbao": "Europe/Madrid",
	"palma": "Europe/Madrid", "palma de mallorca": "Europe/Madrid",
	"las palmas": "Atlantic/Canary", "las palmas de gran canaria": "Atlantic/Canary",
	"santa cruz de tenerife": "Atlantic/Canary", "tenerife": "Atlantic/Canary",
	// Exonyms
	"nueva york": "America/New_York", "londres": "Europe/London", "roma": "Europe/Rome", "lisboa": "Europe/Lisbon",
	"colonia": "Europe/Berlin", "francfort": "Europe/Berlin",
	"ginebra": "Europe/Zurich", "bruselas": "Europe/Brussels",
	"la haya": "Europe/Amsterdam", "viena": "Europe/Vienna",
	"napoles": "Europe/Rome", "florencia": "Europe/Rome",
	"turin": "Europe/Rome", "venecia": "Europe/Rome", "oporto": "Europe/Lisbon",
	"copenhague": "Europe/Copenhagen", "estocolmo": "Europe/Stockholm",
	"varsovia": "Europe/Warsaw", "praga": "Europe/Prague", "atenas": "Europe/Athens",
	"bucarest": "Europe/Bucharest", "moscu": "Europe/Moscow", "estambul": "Europe/Istanbul",
	"edimburgo": "Europe/London", "el cairo": "Africa/Cairo",
	"ciudad del cabo": "Africa/Johannesburg", "jerusalen": "Asia/Jerusalem",
	"nueva delhi": "Asia/Kolkata", "pekin": "Asia/Shanghai", "tokio": "Asia/Tokyo",
	"seul": "Asia/Seoul", "singapur": "Asia/Singapore", "filadelfia": "America/New_York",
	"nueva orleans": "America/Chicago", "brasilia": "America/Sao_Paulo",
}

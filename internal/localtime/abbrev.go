package localtime

// abbreviations maps common zone abbreviations, folded (see PlaceKey), to
// the zone of a place that uses them, or to several when the same letters
// name different zones: IST is India, Ireland and Israel; CST is US
// Central, China and Cuba. Every entry gives a zone that follows the
// place's daylight saving time, never tzdata's fixed "EST": someone who
// types EST in summer still means New York time. Where countries share
// an abbreviation and its rules (CET), one representative zone is given;
// the reply says the time there now, so the person can check it.
var abbreviations = map[string][]string{
	// North America
	"est": {"America/New_York"}, "edt": {"America/New_York"}, "et": {"America/New_York"},
	"eastern": {"America/New_York"}, "eastern time": {"America/New_York"},
	"cst": {"America/Chicago", "Asia/Shanghai", "America/Havana"},
	"cdt": {"America/Chicago", "America/Havana"}, "ct": {"America/Chicago"},
	"central time": {"America/Chicago"},
	"mst":          {"America/Denver", "America/Phoenix"}, "mdt": {"America/Denver"},
	"mt": {"America/Denver"}, "mountain time": {"America/Denver"},
	"pst": {"America/Los_Angeles"}, "pdt": {"America/Los_Angeles"}, "pt": {"America/Los_Angeles"},
	"pacific time": {"America/Los_Angeles"},
	"akst":         {"America/Anchorage"}, "akdt": {"America/Anchorage"},
	"hst": {"Pacific/Honolulu"},
	"ast": {"America/Halifax", "Asia/Riyadh"}, "adt": {"America/Halifax"},
	"nst": {"America/St_Johns"}, "ndt": {"America/St_Johns"},
	// Latin America
	"art": {"America/Argentina/Buenos_Aires"}, "brt": {"America/Sao_Paulo"},
	"clt": {"America/Santiago"}, "clst": {"America/Santiago"}, "cot": {"America/Bogota"},
	"pet": {"America/Lima"}, "ect": {"America/Guayaquil"}, "vet": {"America/Caracas"},
	"uyt": {"America/Montevideo"}, "pyt": {"America/Asuncion"}, "bot": {"America/La_Paz"},
	// Europe and Africa
	"bst": {"Europe/London"}, "wet": {"Europe/Lisbon"}, "west": {"Europe/Lisbon"},
	"cet": {"Europe/Paris"}, "cest": {"Europe/Paris"}, "mez": {"Europe/Berlin"}, "mesz": {"Europe/Berlin"},
	"eet": {"Europe/Athens"}, "eest": {"Europe/Athens"}, "msk": {"Europe/Moscow"},
	"ist":  {"Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"},
	"sast": {"Africa/Johannesburg"}, "cat": {"Africa/Maputo"}, "eat": {"Africa/Nairobi"},
	"wat": {"Africa/Lagos"},
	// Asia and Oceania
	"pkt": {"Asia/Karachi"}, "npt": {"Asia/Kathmandu"}, "ict": {"Asia/Bangkok"},
	"wib": {"Asia/Jakarta"}, "sgt": {"Asia/Singapore"}, "hkt": {"Asia/Hong_Kong"},
	"pht": {"Asia/Manila"}, "jst": {"Asia/Tokyo"}, "kst": {"Asia/Seoul"},
	"awst": {"Australia/Perth"}, "acst": {"Australia/Adelaide"}, "acdt": {"Australia/Adelaide"},
	"aest": {"Australia/Sydney"}, "aedt": {"Australia/Sydney"},
	"nzst": {"Pacific/Auckland"}, "nzdt": {"Pacific/Auckland"},
}

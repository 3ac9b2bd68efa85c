package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// params is a decoded request body. Telegram accepts the same parameters as
// JSON, as a form or as multipart; telebot mostly sends JSON objects whose
// values are all strings, nested objects included.
type params map[string]any

const maxBody = 20 << 20

func readParams(r *http.Request) (params, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		return readMultipart(r)
	case "application/x-www-form-urlencoded", "":
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		p := params{}
		for k, v := range r.Form {
			p[k] = v[0]
		}
		return p, nil
	default:
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			return nil, err
		}
		var v any
		if len(bytes.TrimSpace(body)) > 0 {
			if err := json.Unmarshal(body, &v); err != nil {
				return nil, err
			}
		}
		p, _ := v.(map[string]any) // null (telebot's nil payload) means no parameters
		if p == nil {
			p = params{}
		}
		return p, nil
	}
}

// readMultipart reads form fields as strings and file parts as
// {"file_name", "size", "mime_type"}, the media type sniffed from the
// bytes (telebot uploads every file as application/octet-stream). It reads parts by hand because telebot uploads
// photos with an empty filename, which Go's ParseMultipartForm takes for a
// plain value.
func readMultipart(r *http.Request) (params, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	p := params{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return p, nil
		}
		if err != nil {
			return nil, err
		}
		_, disp, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		name := disp["name"]
		data, err := io.ReadAll(io.LimitReader(part, maxBody))
		if err != nil {
			return nil, err
		}
		if _, isFile := disp["filename"]; isFile || part.Header.Get("Content-Type") != "" {
			mediaType, _, _ := mime.ParseMediaType(http.DetectContentType(data))
			p[name] = map[string]any{"file_name": disp["filename"], "size": len(data), "mime_type": mediaType}
		} else {
			p[name] = string(data)
		}
	}
}

// str returns a scalar parameter as a string ("" when absent).
func (p params) str(key string) string {
	switch v := p[key].(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// integer returns a parameter given as a JSON number or a decimal string.
func (p params) integer(key string) (int64, bool) {
	switch v := p[key].(type) {
	case float64:
		return int64(v), v == math.Trunc(v)
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return n, err == nil
	}
	return 0, false
}

func (p params) flag(key string) bool {
	b, _ := strconv.ParseBool(p.str(key))
	return b
}

// object decodes a structured parameter, sent either as a nested JSON value
// or as a string holding JSON (telebot's way). Absent, "" and null report
// present=false.
func (p params) object(key string, dst any) (present bool, err error) {
	v, ok := p[key]
	if !ok || v == nil {
		return false, nil
	}
	var raw []byte
	if s, ok := v.(string); ok {
		if s = strings.TrimSpace(s); s == "" || s == "null" {
			return false, nil
		}
		raw = []byte(s)
	} else {
		raw, _ = json.Marshal(v)
	}
	return true, json.Unmarshal(raw, dst)
}

// chatID returns the chat_id parameter. Usernames ("@name") are not
// resolved: the fake knows no public chats.
func (p params) chatID() (int64, *apiError) {
	if p.str("chat_id") == "" {
		return 0, badRequest("chat_id is empty")
	}
	id, ok := p.integer("chat_id")
	if !ok || id == 0 {
		return 0, badRequest("chat not found")
	}
	return id, nil
}

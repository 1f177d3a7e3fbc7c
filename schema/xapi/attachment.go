package xapi

import "strconv"

// Attachment describes a file that belongs to a statement (Data 2.4.11).
type Attachment struct {
	UsageType   string      `json:"usageType"`
	Display     LanguageMap `json:"display"`
	Description LanguageMap `json:"description,omitempty"`
	ContentType string      `json:"contentType"`
	Length      int64       `json:"length"`
	SHA2        string      `json:"sha2"`
	FileURL     string      `json:"fileUrl,omitempty"`
}

// UsageSignature is the usageType of a statement signature (Data 2.6).
const UsageSignature = "http://adlnet.gov/expapi/attachments/signature"

var attachmentKeys = [...]string{"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"}

const (
	atUsageType = iota
	atDisplay
	atDescription
	atContentType
	atLength
	atSHA2
	atFileURL
)

// attachments validates a statement's attachments array at the current path.
func (v *validator) attachments(n int32) {
	if !v.wantKind(n, kindArray, "an array of Attachment objects") {
		return
	}
	i := 0
	for c := v.nodes[n].first; c >= 0; c = v.nodes[c].next {
		v.pushIndex(i)
		v.attachment(c)
		v.pop()
		i++
	}
}

func (v *validator) attachment(n int32) {
	const what = "an Attachment"
	if !v.wantKind(n, kindObject, "an Attachment object") {
		return
	}
	v.atts = append(v.atts, n)
	var f [len(attachmentKeys)]int32
	v.fields(n, attachmentKeys[:], f[:], what)
	if v.required(f[atUsageType], "usageType", what) {
		v.pushField("usageType")
		v.iri(f[atUsageType])
		v.pop()
	}
	if v.required(f[atDisplay], "display", what) {
		v.pushField("display")
		v.langMap(f[atDisplay])
		v.pop()
	}
	if m := f[atDescription]; m >= 0 {
		v.pushField("description")
		v.langMap(m)
		v.pop()
	}
	if v.required(f[atContentType], "contentType", what) {
		v.pushField("contentType")
		if v.wantKind(f[atContentType], kindString, "an Internet Media Type string") {
			if s := v.str(f[atContentType]); !validMediaType(s) {
				v.problem(`must be an Internet Media Type such as "text/plain" or "application/octet-stream", got ` + quote(s))
			}
		}
		v.pop()
	}
	if v.required(f[atLength], "length", what) {
		v.pushField("length")
		if v.wantKind(f[atLength], kindNumber, "an integer") && !validLength(v.raw(f[atLength])) {
			v.problem("must be a non-negative integer (the attachment's size in octets), got " + string(v.raw(f[atLength])))
		}
		v.pop()
	}
	if v.required(f[atSHA2], "sha2", what) {
		v.pushField("sha2")
		if v.wantKind(f[atSHA2], kindString, "a hex SHA-2 hash string") {
			if s := v.str(f[atSHA2]); !validSHA2(s) {
				v.problem("must be the hex SHA-2 hash of the attachment (56, 64, 96 or 128 hex digits), got " + quote(s))
			}
		}
		v.pop()
	}
	if m := f[atFileURL]; m >= 0 {
		v.pushField("fileUrl")
		v.iri(m)
		v.pop()
	} else if !v.opts.Multipart {
		v.problemAt("fileUrl", "is required when statements are sent as application/json: send the attachment data in a multipart/mixed request instead (Communication 1.5.2)")
	}
}

// validMediaType checks type "/" subtype, optionally followed by
// parameters: the tokens of RFC 2045, without judging the parameters.
func validMediaType(s []byte) bool {
	i, slash := 0, -1
	for ; i < len(s) && s[i] != ';'; i++ {
		c := s[i]
		switch {
		case c == '/':
			if slash >= 0 {
				return false
			}
			slash = i
		case c <= ' ' || c >= 0x7f || isTSpecial(c):
			return false
		}
	}
	return slash > 0 && slash < i-1
}

func isTSpecial(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '@', ',', ';', ':', '\\', '"', '/', '[', ']', '?', '=':
		return true
	}
	return false
}

// validLength checks a JSON number token for a non-negative integer (no
// fraction, no exponent) that fits an int64.
func validLength(raw []byte) bool {
	for _, c := range raw {
		if !isDigit(c) {
			return false
		}
	}
	_, err := strconv.ParseInt(view(raw), 10, 64)
	return err == nil
}

// validSHA2 checks a hex SHA-224, SHA-256, SHA-384 or SHA-512 digest.
func validSHA2(s []byte) bool {
	switch len(s) {
	case 56, 64, 96, 128:
	default:
		return false
	}
	for _, c := range s {
		if !isHex(c) {
			return false
		}
	}
	return true
}

// AttachmentRef is what the collector needs to know of an Attachment of a
// parsed statement (its own or its SubStatement's) to match it with the
// parts of a multipart/mixed request (Communication 1.5.2).
type AttachmentRef struct {
	UsageType   string
	ContentType string
	Length      int64
	// SHA2 is the hex digest, lowercase.
	SHA2 string
	// FileURL is set when the data can be fetched from there instead.
	FileURL string
}

// IsSignature reports whether the attachment is a statement signature.
func (a *AttachmentRef) IsSignature() bool { return a.UsageType == UsageSignature }

// attachmentRef reads a validated Attachment object.
func (v *validator) attachmentRef(n int32) AttachmentRef {
	var a AttachmentRef
	for c := v.nodes[n].first; c >= 0; c = v.nodes[c].next {
		switch string(v.key(c)) {
		case "usageType":
			a.UsageType = string(v.str(c))
		case "contentType":
			a.ContentType = string(v.str(c))
		case "length":
			a.Length, _ = strconv.ParseInt(string(v.raw(c)), 10, 64)
		case "sha2":
			a.SHA2 = string(appendLower(nil, v.str(c)))
		case "fileUrl":
			a.FileURL = string(v.str(c))
		}
	}
	return a
}

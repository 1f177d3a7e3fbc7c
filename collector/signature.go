package collector

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"strings"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// verifySignature checks a statement signature (Data 2.6): a JWS in compact
// serialisation whose header names RS256, RS384 or RS512, whose payload is
// the statement as it was before the signature was attached, logically
// equal to the statement received (compared on the canonical form without
// id, stored, authority, version and attachments), and, when the header
// carries an X.509 chain (x5c), whose signature verifies with the first
// certificate's key. The error says what is wrong.
func verifySignature(jws []byte, st *xapi.Parsed, version xapi.Version) error {
	parts := strings.Split(strings.TrimSpace(string(jws)), ".")
	if len(parts) != 3 {
		return errors.New("is not a JWS in compact serialisation (header.payload.signature)")
	}
	enc := base64.RawURLEncoding
	hdrJSON, err1 := enc.DecodeString(parts[0])
	payload, err2 := enc.DecodeString(parts[1])
	sig, err3 := enc.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return errors.New("signature is not base64url-encoded JWS")
	}
	var hdr struct {
		Alg string   `json:"alg"`
		X5C []string `json:"x5c"`
	}
	if err := json.Unmarshal(hdrJSON, &hdr); err != nil {
		return errors.New("signature's JWS header is not JSON")
	}
	var h crypto.Hash
	switch hdr.Alg {
	case "RS256":
		h = crypto.SHA256
	case "RS384":
		h = crypto.SHA384
	case "RS512":
		h = crypto.SHA512
	default:
		return errors.New("signature must use the algorithm RS256, RS384 or RS512 (Data 2.6), got " + quote(hdr.Alg))
	}
	want, err := xapi.SignaturePayloadHash(payload, xapi.Options{Version: version})
	if err != nil {
		return errors.New("signature's payload is not a valid statement: " + err.Error())
	}
	if want != st.SignatureHash {
		return errors.New("signature's payload differs from the statement sent: the statement was changed after it was signed")
	}
	if len(hdr.X5C) == 0 {
		return nil
	}
	der, err := base64.StdEncoding.DecodeString(hdr.X5C[0])
	if err != nil {
		return errors.New("signature's x5c certificate is not base64")
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return errors.New("signature's x5c certificate cannot be read: " + err.Error())
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return errors.New("signature's x5c certificate has no RSA key")
	}
	d := h.New()
	d.Write([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(pub, h, d.Sum(nil), sig); err != nil {
		return errors.New("signature does not verify with the key of its x5c certificate")
	}
	return nil
}

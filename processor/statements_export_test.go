package processor

// SetBeforeInsert makes the statements projection call f just before it
// writes a batch's rows, so that a test can apply a
// void on another applier inside that window.
func SetBeforeInsert(s *Statements, f func()) { s.beforeInsert = f }

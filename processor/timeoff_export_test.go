package processor

// SetTimeOffChunk sets how many sessions the timeoff projection reads per
// page and how many minutes rows it inserts at once, so that tests can
// exercise the paging with a few rows.
func SetTimeOffChunk(t *TimeOff, n int) { t.chunk = n }

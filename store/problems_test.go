package store

// at is the problem the error reports about attr, worded in English
// (english), or "" when there is none.
func (e *ValidationError) at(attr Attr) string {
	if p, ok := e.On(attr); ok {
		return english(p.Message)
	}
	return ""
}

package store

import (
	"encoding/json"
	"fmt"
	"time"
)

// Messages are kept in the database (the operations log) as JSON with each
// value tagged by its kind, so a value reads back as what it was: a number
// stays a number, a Word is still translated, a nested message is still
// worded.

type jsonMessage struct {
	Key  string    `json:"k"`
	Args []jsonArg `json:"a,omitempty"`
}

type jsonArg struct {
	S *string    `json:"s,omitempty"`
	N *int64     `json:"n,omitempty"`
	W *string    `json:"w,omitempty"`
	T *time.Time `json:"t,omitempty"`
	M *Message   `json:"m,omitempty"`
	L *[]Message `json:"l,omitempty"`
}

// MarshalJSON encodes m with its values tagged by kind.
func (m Message) MarshalJSON() ([]byte, error) {
	jm := jsonMessage{Key: m.Key, Args: make([]jsonArg, len(m.Args))}
	for i, a := range m.Args {
		var ja jsonArg
		switch v := a.(type) {
		case string:
			ja.S = &v
		case Word:
			w := string(v)
			ja.W = &w
		case int:
			n := int64(v)
			ja.N = &n
		case int64:
			ja.N = &v
		case time.Time:
			ja.T = &v
		case Message:
			ja.M = &v
		case []Message:
			if v == nil {
				v = []Message{}
			}
			ja.L = &v
		default:
			return nil, fmt.Errorf("store: message %s: value %d of type %T cannot be kept", m.Key, i, a)
		}
		jm.Args[i] = ja
	}
	return json.Marshal(jm)
}

// UnmarshalJSON reads a message MarshalJSON wrote.
func (m *Message) UnmarshalJSON(b []byte) error {
	var jm jsonMessage
	if err := json.Unmarshal(b, &jm); err != nil {
		return err
	}
	m.Key, m.Args = jm.Key, nil
	if len(jm.Args) > 0 {
		m.Args = make([]any, len(jm.Args))
	}
	for i, ja := range jm.Args {
		switch {
		case ja.S != nil:
			m.Args[i] = *ja.S
		case ja.W != nil:
			m.Args[i] = Word(*ja.W)
		case ja.N != nil:
			m.Args[i] = int(*ja.N)
		case ja.T != nil:
			m.Args[i] = *ja.T
		case ja.M != nil:
			m.Args[i] = *ja.M
		case ja.L != nil:
			m.Args[i] = *ja.L
		default:
			return fmt.Errorf("store: message %s: value %d has no kind", jm.Key, i)
		}
	}
	return nil
}

type jsonProblem struct {
	Code    string  `json:"code"`
	Attr    Attr    `json:"attr,omitempty"`
	Message Message `json:"msg"`
}

// MarshalJSON encodes p (without it, p would take its embedded Message's
// encoding and lose its code and attribute).
func (p Problem) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonProblem{Code: p.Code, Attr: p.Attr, Message: p.Message})
}

// UnmarshalJSON reads a problem MarshalJSON wrote.
func (p *Problem) UnmarshalJSON(b []byte) error {
	var jp jsonProblem
	if err := json.Unmarshal(b, &jp); err != nil {
		return err
	}
	*p = Problem{Code: jp.Code, Attr: jp.Attr, Message: jp.Message}
	return nil
}

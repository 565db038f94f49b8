// Package nosdk has a stream type of its own, never closed: not reported.
package nosdk

type Stream struct{}

func (*Stream) Close() error { return nil }

func open() (*Stream, error) { return &Stream{}, nil }

func use() error {
	s, err := open()
	if err != nil {
		return err
	}
	_ = s
	return nil
}

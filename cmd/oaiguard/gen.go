package main

import "errors"

func gen(args []string) error { return errors.New("not yet") }

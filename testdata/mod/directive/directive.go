// Package directive holds //oaiguard:ignore comments, right and wrong.
package directive

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

func f(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) {
	_, _ = c.CreateChatCompletion(ctx, req) //oaiguard:ignore unretired,errtype best effort // want `//oaiguard:ignore names "unretired", which is no check, so it suppresses nothing; did you mean unretried\?`
	// want +1 `//oaiguard:ignore names no check, so it suppresses nothing; write //oaiguard:ignore CHECK reason, with CHECK one of unretried, brokenretry, errtext, errtype, transport, keyinsource, streamclose, retired, badrequest, directive, all`
	//oaiguard:ignore
	_, _ = c.ListModels(ctx)
	//oaiguard:ignore nosuchcheck reason // want `//oaiguard:ignore names "nosuchcheck", which is no check, so it suppresses nothing; the checks are unretried, brokenretry, errtext, errtype, transport, keyinsource, streamclose, retired, badrequest, directive, all`
	_, _ = c.ListModels(ctx)
	//oaiguard:ignore unretried,errtype best effort, both
	_, _ = c.ListModels(ctx)
	//oaiguard:ignore all generated elsewhere
	_, _ = c.ListModels(ctx)
	//oaiguard:ignored is another word, not the directive
	//oaiguard:ignore discarded,nojitter a category names one problem of a check
	_, _ = c.ListModels(ctx)
	//oaiguard:ignore brokenretry/nojitter,unretried a category as SARIF names it
	_, _ = c.ListModels(ctx)
	//oaiguard:ignore unretried/nojitter reason // want `//oaiguard:ignore names "unretried/nojitter", which is no check, so it suppresses nothing; the checks are`
	_, _ = c.ListModels(ctx)
	//oaiguard:ignore brokenretry/nojiter reason // want `//oaiguard:ignore names "brokenretry/nojiter", which is no check, so it suppresses nothing; did you mean brokenretry/nojitter\?`
	_, _ = c.ListModels(ctx)
	//oaiguard:ignore nojiter reason // want `//oaiguard:ignore names "nojiter", which is no check, so it suppresses nothing; did you mean nojitter\?`
	_, _ = c.ListModels(ctx)
}

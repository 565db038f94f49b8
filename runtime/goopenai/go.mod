module github.com/oaiguard/oaiguard/runtime/goopenai

go 1.22

require github.com/sashabaranov/go-openai v1.42.0

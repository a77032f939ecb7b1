module github.com/iamplayground/iamplay

go 1.26

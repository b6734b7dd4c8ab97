module libct.local/examples

go 1.19

require libct.local/libct v0.0.0

replace libct.local/libct => ../../go

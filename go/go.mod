module libct.local/libct

go 1.19

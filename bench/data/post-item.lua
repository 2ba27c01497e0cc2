-- A static POST of one new record to an x-portico-resource collection (the server assigns its key).
wrk.method = "POST"
wrk.body = '{"name": "bench", "price": 1}'
wrk.headers["Content-Type"] = "application/json"

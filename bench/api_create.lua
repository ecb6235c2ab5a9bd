-- wrk script: POST /v2.0/dcaas/direct-connects with the token in env TOKEN.
-- Every create is a new connection (the API has no idempotency token).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Auth-Token"] = os.getenv("TOKEN")
wrk.body = '{"direct_connect": {"name": "dc-api-load", "port_type": "1G", "bandwidth": 100, "location": "Biere", "provider": "OTC"}}'

-- wrk script: POST /v2.0/dcaas/direct-connects; load.sh passes the token
-- with -H "X-Auth-Token: ..." (do not set that header here: it would
-- replace the -H one). Every create is a new connection.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"direct_connect": {"name": "dc-api-load", "port_type": "1G", "bandwidth": 100, "location": "Biere", "provider": "OTC"}}'

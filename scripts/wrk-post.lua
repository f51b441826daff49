-- wrk script for scripts/bench-serve.sh: POST the JSON body given in $BODY.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BODY")

# Real local servers for the tests: a throwaway TLS CA, openssl s_server -WWW, nginx and
# tinyproxy on 127.0.0.1.
#
# Source it; it only defines functions. Every server started is recorded in
# SERVER_PIDS and killed by servers_stop: call that from the test's EXIT trap.
# Ports are picked at random among those nobody listens on, and a server counts
# as started only once its port listens.

SERVER_PIDS=()

# tls_make DIR: a test CA (DIR/ca.pem) and a server certificate for 127.0.0.1
# (DIR/server.pem, DIR/server.key; subjectAltName IP:127.0.0.1 and DNS:localhost).
tls_make() {
	local d=$1
	mkdir -p "$d" || return 1
	(
		cd "$d" || exit 1
		umask 077
		openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
			-subj '/CN=cot test server CA' \
			-addext 'basicConstraints=critical,CA:TRUE' \
			-addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null &&
		openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr \
			-subj '/CN=127.0.0.1' 2>/dev/null &&
		printf '%s\n' 'subjectAltName=IP:127.0.0.1,DNS:localhost' 'basicConstraints=CA:FALSE' \
			'extendedKeyUsage=serverAuth' >server.ext &&
		openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
			-extfile server.ext -out server.pem 2>/dev/null
	)
}

# random_port: prints a TCP port on which nothing listens.
random_port() {
	local p i
	for i in $(seq 50); do
		p=$((20000 + RANDOM % 40000))
		if ! ss -ltnH "sport = :$p" 2>/dev/null | grep -q .; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# wait_listen PORT PID: waits (5 s at most) until PORT listens; fails at once if PID died.
wait_listen() {
	local i
	for i in $(seq 100); do
		ss -ltnH "sport = :$1" 2>/dev/null | grep -q . && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# keep_if_listening PORT PID: records the server PID once PORT listens; otherwise kills it
# and fails (another process may have taken the port meanwhile: the caller tries another).
keep_if_listening() {
	if wait_listen "$1" "$2"; then
		SERVER_PIDS+=("$2")
		return 0
	fi
	kill "$2" 2>/dev/null
	wait "$2" 2>/dev/null
	return 1
}

# start_s_server DOCROOT TLSDIR: serves the files of DOCROOT with openssl s_server -WWW
# (HTTP/1.0, no ETag, a missing file is "200" with an error text); sets PORT.
start_s_server() {
	local docroot=$1 tls=$2 attempt
	for attempt in 1 2 3 4 5; do
		PORT=$(random_port) || return 1
		(cd "$docroot" && exec openssl s_server -WWW -accept "127.0.0.1:$PORT" \
			-cert "$tls/server.pem" -key "$tls/server.key" -quiet) >/dev/null 2>&1 &
		keep_if_listening "$PORT" $! && return 0
	done
	return 1
}

# start_nginx DOCROOT TLSDIR STATEDIR: serves DOCROOT with nginx (ETag, Last-Modified,
# 304, 404); its access log is STATEDIR/access.log; sets PORT.
start_nginx() {
	local docroot=$1 tls=$2 state=$3 attempt
	mkdir -p "$state/tmp" || return 1
	for attempt in 1 2 3 4 5; do
		PORT=$(random_port) || return 1
		cat >"$state/nginx.conf" <<-EOF
			master_process off;
			worker_processes 1;
			error_log $state/error.log;
			pid $state/nginx.pid;
			events { worker_connections 32; }
			http {
				access_log $state/access.log;
				client_body_temp_path $state/tmp;
				server {
					listen 127.0.0.1:$PORT ssl;
					ssl_certificate $tls/server.pem;
					ssl_certificate_key $tls/server.key;
					root $docroot;
					location / { }
				}
			}
		EOF
		nginx -p "$state" -c "$state/nginx.conf" -g 'daemon off;' >/dev/null 2>&1 &
		keep_if_listening "$PORT" $! && return 0
	done
	return 1
}

# start_tinyproxy STATEDIR: an HTTP proxy (CONNECT tunnels to any port, clients from
# 127.0.0.1 only) logging each connection to STATEDIR/proxy.log; sets PROXY_PORT.
start_tinyproxy() {
	local state=$1 attempt
	mkdir -p "$state" || return 1
	for attempt in 1 2 3 4 5; do
		PROXY_PORT=$(random_port) || return 1
		printf '%s\n' "Port $PROXY_PORT" 'Listen 127.0.0.1' 'Timeout 30' 'MaxClients 10' \
			'Allow 127.0.0.1' "LogFile \"$state/proxy.log\"" 'LogLevel Connect' \
			"User $(id -un)" "Group $(id -gn)" >"$state/tinyproxy.conf"
		tinyproxy -d -c "$state/tinyproxy.conf" >/dev/null 2>&1 &
		keep_if_listening "$PROXY_PORT" $! && return 0
	done
	return 1
}

# servers_stop: kills every server started here.
servers_stop() {
	local pid
	for pid in "${SERVER_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	SERVER_PIDS=()
}

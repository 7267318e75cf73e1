#!/usr/bin/env bash
# Makes what docker-compose.secure.yml mounts, in docker/certs/ (never committed: see .gitignore):
#   ca.pem               a test certificate authority (its key ca.key stays here too)
#   broker.pem/.key      one certificate for the three brokers: CN=brook-broker, SAN IP 127.0.0.1 and
#                        DNS localhost (they run on the host's network); PKCS#8 key, as Brook reads it
#   cluster.secret       48 random bytes, base64: what the brokers prove to each other (cluster.secret.file)
# Usage: docker/make-certs.sh [DIR]   (default docker/certs; refuses to overwrite an existing CA)
# For production, use your own CA and one certificate per broker naming its host.
set -euo pipefail
dir=${1:-"$(cd "$(dirname "$0")" && pwd)/certs"}
mkdir -p "$dir"
cd "$dir"
if [ -e ca.pem ]; then
  echo "make-certs: $dir/ca.pem exists; remove $dir to make new certificates" >&2
  exit 1
fi
umask 077
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 365 -subj "/CN=brook-test-ca" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout broker.rsa.key -out broker.csr -subj "/CN=brook-broker" 2>/dev/null
cat > broker.ext <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
EXT
openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out broker.pem -days 365 -extfile broker.ext 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in broker.rsa.key -out broker.key
rm -f broker.rsa.key broker.csr broker.ext ca.srl
openssl rand -base64 48 > cluster.secret
# the brokers run as the image's user: let it read the key and the secret (the folder stays private to you)
chmod 644 ca.pem broker.pem
chmod 644 broker.key cluster.secret
chmod 755 .
echo "make-certs: CA, broker certificate and cluster secret in $dir"

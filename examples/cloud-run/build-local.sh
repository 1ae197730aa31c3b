#!/bin/sh
# Builds this example's Dockerfile, unchanged, with buildah where no container registry is
# reachable (see README.md). Usage, as root, from the repository:
#   npm run build && npm pack --pack-destination /tmp/tb-pack
#   sh examples/cloud-run/build-local.sh /tmp/tb-pack/talent-beacon-server-0.2.0.tgz [image name]
set -eu
tarball=$1
image=${2:-localhost/cts-proxy:local}
here=$(cd "$(dirname "$0")" && pwd)

# 1. A stand-in for node:20-slim from this machine's Node 20: node and the libraries it links,
#    npm (and env, for its #!/usr/bin/env node), dash as /bin/sh, a node user (uid 1000) as in the
#    official image, and this machine's CA bundle (its egress to npm goes through a TLS proxy).
if ! buildah inspect --type image docker.io/library/node:20-slim >/dev/null 2>&1; then
  ctr=$(buildah from scratch)
  mnt=$(buildah mount "$ctr")
  mkdir -p "$mnt/usr/bin" "$mnt/usr/lib" "$mnt/bin" "$mnt/lib64" "$mnt/lib/x86_64-linux-gnu" "$mnt/etc/ssl/certs" "$mnt/tmp" "$mnt/home/node"
  chmod 1777 "$mnt/tmp"
  cp /usr/bin/node /usr/bin/env "$mnt/usr/bin/"
  for lib in $(ldd /usr/bin/node /usr/bin/env /bin/dash | awk '/=>/ {print $3} /ld-linux/ {print $1}' | sort -u); do cp -L "$lib" "$mnt$lib"; done
  cp -a /usr/lib/node_modules "$mnt/usr/lib/"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$mnt/usr/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$mnt/usr/bin/npx"
  cp /bin/dash "$mnt/bin/dash"
  ln -s dash "$mnt/bin/sh"
  cp /etc/ssl/certs/ca-certificates.crt "$mnt/etc/ssl/certs/"
  printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' >"$mnt/etc/passwd"
  printf 'root:x:0:\nnode:x:1000:\n' >"$mnt/etc/group"
  chown 1000:1000 "$mnt/home/node"
  buildah unmount "$ctr"
  buildah config --env PATH=/usr/local/bin:/usr/bin:/bin --env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt --cmd '["node"]' "$ctr"
  buildah commit --rm "$ctr" docker.io/library/node:20-slim
fi

# 2. The Dockerfile, from a copy of this folder that installs the packed talent-beacon-server. chroot
#    isolation: RUN needs no OCI runtime (which cannot start containers here).
ctx=$(mktemp -d)
cp "$here/Dockerfile" "$here/.dockerignore" "$here/package.json" "$tarball" "$ctx/"
sed -i "s|\"talent-beacon-server\": \"[^\"]*\"|\"talent-beacon-server\": \"file:$(basename "$tarball")\"|" "$ctx/package.json"
# The image installs no devDependencies; the emulator (for the example's test) is not published here.
node -e 'const f = process.argv[1]; const p = JSON.parse(require("fs").readFileSync(f, "utf8")); delete p.devDependencies; require("fs").writeFileSync(f, JSON.stringify(p, null, 2))' "$ctx/package.json"
buildah bud --isolation chroot --network host -t "$image" "$ctx"
rm -rf "$ctx"

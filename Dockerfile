# crmspec in a container: `docker run --rm -v "$PWD:/data" crmspec render q.yaml` renders
# /data/q.yaml into /data/out/. The image holds the static binary release/build.sh makes and
# checks (fonts are inside it), nothing else.
#
#   release/build.sh && docker build -t crmspec .
#
# Stage 1 unpacks the release archive and verifies it against its checksum.
FROM busybox:1.36 AS unpack
ARG TARGET=x86_64-unknown-linux-musl
COPY dist/ /dist/
RUN cd /dist && sha256sum -c SHA256SUMS && mkdir /out \
    && tar -xzf crmspec-*-"$TARGET".tar.gz -C /out --strip-components=1

# Stage 2: the binary alone.
FROM scratch
COPY --from=unpack /out/crmspec /usr/local/bin/crmspec
WORKDIR /data
ENTRYPOINT ["/usr/local/bin/crmspec"]
CMD ["--help"]

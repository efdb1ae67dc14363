vcl 4.1;

# A plain shared cache in front of the local host, for the CDN tests (Http/SharedCacheTests.cs).
# Nothing here overrides the app: Varnish's built-in VCL, which runs after this file's subroutines,
# caches GET and HEAD by URL and Host, honours the origin's Cache-Control (max-age, s-maxage,
# no-store, no-cache, private) and Vary, passes everything else, and never caches a response that
# sets a cookie. VarnishProcess starts varnishd with two parameters that make it the strict HTTP
# cache a CDN must be (RFC 9111):
#   default_grace=0        no stale copy served past max-age unless the origin allows it
#   http_gzip_support=off  each coding the app sends is kept by the app's Vary: Accept-Encoding,
#                          instead of Varnish asking for gzip and decompressing on its own
# The backend's port is filled in when the test starts.

backend app {
    .host = "127.0.0.1";
    .port = "{{BACKEND_PORT}}";
}

vcl 4.1;

# Varnish behaving as Azure Front Door does with the Bicep's route (infra/app/front-door-route.bicep),
# for Http/SharedCacheTests.cs: Front Door honours no Vary but Accept-Encoding's and does not forward
# Accept when it caches, and the rule set "browsers" sends every request that names text/html or
# application/xhtml+xml past the cache. Everything else is Varnish's built-in VCL, started with the
# same parameters as shared-cache.vcl.

backend app {
    .host = "127.0.0.1";
    .port = "{{BACKEND_PORT}}";
}

sub vcl_recv {
    # The rule set: caching off for browsers, with their Accept.
    if (req.http.Accept ~ "(?i)(text/html|application/xhtml\+xml)") {
        return (pass);
    }

    # A caching route does not forward Accept.
    unset req.http.Accept;
}

sub vcl_backend_response {
    # Only Accept-Encoding is a Vary the cache keys on.
    if (beresp.http.Vary ~ "(?i)accept-encoding") {
        set beresp.http.Vary = "Accept-Encoding";
    } else {
        unset beresp.http.Vary;
    }
}

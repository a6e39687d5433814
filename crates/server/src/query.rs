//! The query parameters of each endpoint, read from the OpenAPI document ([`OPENAPI`]): the one
//! table that the server checks requests against and that clients read.
//!
//! [`layer`] runs before the cache and the handlers. A parameter that the endpoint does not
//! document gets `400 unknown_parameter` (naming it and listing the allowed ones), one given
//! twice `400 repeated_parameter`. Otherwise the request carries its [`Canonical`] query: the
//! documented parameters, percent-decoded, empty ones dropped (every endpoint reads an empty
//! value as absent), sorted by name. The cache keys on it, so neither the order nor the
//! encoding of a query, nor padding it with empty parameters, makes a new cache entry.

use crate::{ApiError, OPENAPI};
use axum::extract::{Query, Request};
use axum::http::Uri;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// One documented operation: path template (as in the document), method (lower case), the
/// names of its query parameters in the document's order.
#[derive(Debug)]
pub(crate) struct Operation {
    pub(crate) path: String,
    pub(crate) method: String,
    pub(crate) params: Vec<String>,
}

/// Every operation of [`OPENAPI`] with its query parameters.
static DOCUMENTED: LazyLock<Vec<Operation>> = LazyLock::new(|| {
    let spec: Value =
        serde_json::from_str(OPENAPI).expect("openapi.json is JSON (a test reads it)");
    let mut ops = Vec::new();
    for (path, methods) in spec["paths"].as_object().into_iter().flatten() {
        for (method, op) in methods.as_object().into_iter().flatten() {
            let params = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "query")
                .filter_map(|p| p["name"].as_str().map(str::to_owned))
                .collect();
            ops.push(Operation { path: path.clone(), method: method.clone(), params });
        }
    }
    ops
});

/// The documented operation for a request: its method, and a path that the template matches
/// segment by segment (`{id}` stands for any one non-empty segment).
fn operation(method: &str, path: &str) -> Option<&'static Operation> {
    let matches = |template: &str| {
        let (mut t, mut p) = (template.split('/'), path.split('/'));
        loop {
            match (t.next(), p.next()) {
                (None, None) => return true,
                (Some(a), Some(b)) if a.starts_with('{') && a.ends_with('}') => {
                    if b.is_empty() {
                        return false;
                    }
                }
                (Some(a), Some(b)) if a == b => {}
                _ => return false,
            }
        }
    };
    DOCUMENTED.iter().find(|op| op.method.eq_ignore_ascii_case(method) && matches(&op.path))
}

/// A request's query in canonical form (see the module docs): what the cache keys on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Canonical(pub(crate) String);

/// The canonical form of `uri`'s query for `op`, or the 400 for a parameter it does not take.
pub(crate) fn canonical(op: &Operation, uri: &Uri) -> Result<Canonical, ApiError> {
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map_err(|e| ApiError::bad_request("bad_query", e.body_text()))?;
    let mut kept = BTreeMap::new();
    for (name, value) in pairs {
        if name.is_empty() && value.is_empty() {
            continue; // `?&` or a trailing `&`
        }
        if !op.params.contains(&name) {
            let takes = if op.params.is_empty() {
                "it takes no parameters".to_owned()
            } else {
                format!("it takes {}", op.params.join(", "))
            };
            return Err(ApiError::bad_request(
                "unknown_parameter",
                format!(
                    "unknown parameter '{name}' for {}: {takes} (see /api/v1/openapi.json); \
                     remove it or check its spelling",
                    op.path
                ),
            ));
        }
        if value.is_empty() {
            continue;
        }
        if kept.insert(name.clone(), value).is_some() {
            return Err(ApiError::bad_request(
                "repeated_parameter",
                format!("parameter '{name}' is given twice: give it once"),
            ));
        }
    }
    let key = serde_json::to_string(&kept).map_err(ApiError::internal)?;
    Ok(Canonical(key))
}

/// Checks the query of every documented API request (see the module docs); other requests
/// (the dashboard, unknown paths, undocumented methods) pass unchanged to their 404 or 405.
pub(crate) async fn layer(mut req: Request, next: Next) -> Response {
    let Some(op) = operation(req.method().as_str(), req.uri().path()) else {
        return next.run(req).await;
    };
    match canonical(op, req.uri()) {
        Ok(c) => {
            req.extensions_mut().insert(c);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(method: &str, path: &str) -> &'static Operation {
        operation(method, path).unwrap_or_else(|| panic!("{method} {path} is documented"))
    }

    fn key(path_and_query: &str) -> Result<Canonical, ApiError> {
        let uri: Uri = path_and_query.parse().unwrap();
        canonical(op("GET", uri.path()), &uri)
    }

    #[test]
    fn query010_canonical_form() {
        let plain = key("/api/v1/image?country=MEX&by=year").unwrap();
        // Order, percent-encoding and empty parameters do not change the key.
        for same in [
            "/api/v1/image?by=year&country=MEX",
            "/api/v1/image?country=M%45X&by=year",
            "/api/v1/image?country=MEX&by=year&from=&to=&",
            "/api/v1/image?&by=year&country=MEX",
        ] {
            assert_eq!(key(same).unwrap(), plain, "{same}");
        }
        for other in ["/api/v1/image?country=MEX&by=month", "/api/v1/image?country=MEX"] {
            assert_ne!(key(other).unwrap(), plain, "{other}");
        }
    }

    #[test]
    fn query020_unknown_and_repeated() {
        let e = key("/api/v1/image?country=MEX&cachebuster=1").unwrap_err();
        assert_eq!((e.status.as_u16(), e.code), (400, "unknown_parameter"));
        assert!(e.message.contains("'cachebuster'"), "{}", e.message);
        for allowed in &op("get", "/api/v1/image").params {
            assert!(e.message.contains(allowed.as_str()), "{allowed}: {}", e.message);
        }
        // A parameter of another endpoint is unknown here.
        let e = key("/api/v1/relations?country=MEX").unwrap_err();
        assert_eq!(e.code, "unknown_parameter");
        let e = key("/api/v1/countries?x=1").unwrap_err();
        assert!(e.message.contains("takes no parameters"), "{}", e.message);
        let e = key("/api/v1/image?country=MEX&country=USA").unwrap_err();
        assert_eq!(e.code, "repeated_parameter");
        assert!(e.message.contains("'country'"), "{}", e.message);
    }

    #[test]
    fn query030_templates_and_methods() {
        assert_eq!(op("GET", "/api/v1/docs/12").path, "/api/v1/docs/{id}");
        assert!(operation("GET", "/api/v1/docs/").is_none());
        assert!(operation("GET", "/api/v1/docs/1/2").is_none());
        assert!(operation("DELETE", "/api/v1/image").is_none(), "left to the 405");
        assert!(operation("GET", "/").is_none());
        assert_eq!(op("POST", "/api/v1/ingest").params, Vec::<String>::new());
    }

    #[test]
    fn query040_documented_parameters_are_read() {
        // Every documented query parameter is a field of `Params` (which denies unknown
        // fields), so none is accepted and then silently ignored.
        let mut names = 0;
        for op in DOCUMENTED.iter() {
            for name in &op.params {
                let uri: Uri = format!("/x?{name}=1").parse().unwrap();
                let parsed = Query::<crate::params::Params>::try_from_uri(&uri);
                assert!(parsed.is_ok(), "{} {name}: {:?}", op.path, parsed.err());
                names += 1;
            }
        }
        assert!(names > 40, "{names}");
        let uri: Uri = "/x?nonsense=1".parse().unwrap();
        assert!(Query::<crate::params::Params>::try_from_uri(&uri).is_err());
    }
}

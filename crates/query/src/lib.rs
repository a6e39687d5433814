//! citra's questions, answered once for every face.
//!
//! Each question (image, shocks, explain, …) is a module with a `Request` (built and checked
//! from string parameters by `Request::from_params`, with the errors people read), an `Answer`
//! (`Serialize`: the JSON of `citra <command> --format json` and of `GET /api/v1/<endpoint>`,
//! fields, units and method names documented in one place) and one function
//! `answer(&Store, &Request) -> Result<Answer, QueryError>`. The faces only turn their input
//! into [`Params`], and the answer into a table, CSV, JSON, HTML or an HTTP response.
//!
//! The dependency rule: the faces (the CLI, the server, the report) depend on this crate; it
//! depends on the store, the analytics and the registry (mentions), never on a face.
//!
//! ```no_run
//! use citra_query::{Params, shocks};
//! let store = citra_store::Store::open(std::path::Path::new("citra.db")).unwrap();
//! let p = Params { country: Some("MEX".into()), by: Some("month".into()), ..Params::default() };
//! let req = shocks::Request::from_params(&p, None).unwrap();
//! let answer = shocks::answer(&store, &req).unwrap();
//! println!("{}", serde_json::to_string(&answer).unwrap());
//! ```
#![deny(missing_docs)]

pub mod actors;
pub mod campaign;
pub mod cascades;
pub mod compare_gdelt;
pub mod coordination;
pub mod countries;
pub mod display;
pub mod doc;
pub mod error;
pub mod explain;
pub mod image;
pub mod mentions;
pub mod params;
pub mod reactions;
pub mod rejected;
pub mod relations;
pub mod shocks;
pub mod stories;

pub use error::{Kind, QueryError, param};
pub use params::{Action, Params, Range, Window};

//! Techfile core library: the one technical file of a software or AI medical device.
//!
//! Data flows one way: `import` (per part) -> `model` -> `check` -> `render`
//! (Markdown) -> `pdf`. The library knows nothing of Tauri or of the CLI; both
//! shells call the functions re-exported here.

pub mod ai;
pub mod applicability;
pub mod check;
pub mod consistency;
pub mod core;
pub mod coverage;
pub mod date;
pub mod declaration;
pub mod diag;
pub mod diff;
pub mod example;
pub mod export;
pub mod gspr;
pub mod jsonpos;
pub mod links;
pub mod locate;
pub mod markdown;
pub mod model;
pub mod package;
pub mod parts;
pub mod pdf;
pub mod prose;
pub mod refs;
pub mod render;
pub mod risk;
pub mod sarif;
pub mod sbom;
pub mod standards;
pub mod store;
pub mod ts;
pub mod util;

pub use diag::{Finding, Severity};
pub use model::TechFile;

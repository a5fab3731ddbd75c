//! The rules of the declaration part. The catalogue is data, `rules.toml`
//! beside this file; build.rs makes the constants and `RULES` from it.

include!(concat!(env!("OUT_DIR"), "/rules/declaration.rs"));

//! The integration tests, in one crate so that the suite links once.
//!
//! Each module is one concern (as the separate test crates were before);
//! they read `../shared/reference/` and the crate's `fixtures/`.

mod adversarial_files;
mod adversarial_limits;
mod adversarial_output;
mod archive_build;
mod archive_check;
mod archive_support;
mod bundle_cli;
mod bundle_create_verify;
mod bundle_fixture;
mod classification_broken;
mod classification_builtin;
mod classification_refdata;
mod cli_archive;
mod cli_classification;
mod cli_id;
mod cli_receipt;
mod cli_robustness;
mod conformance_xsd;
mod container_read;
mod container_write;
mod delivery_roundtrip;
mod delivery_samples;
mod demo;
mod diagnostics_catalogue;
mod ids_proptest;
mod ids_refdata;
mod ids_seed;
mod messages_proptest;
mod messages_samples;
mod naming_props;
mod naming_samples;
mod naming_shapes;
mod never_panics;
mod receipt_consistency;
mod receipt_props;
mod receipt_samples;
mod samples;
mod transaction_messages;
mod transaction_state;
mod transmission_validation;
mod xml_samples;

//! `techfile package PROJECT -o OUT.zip [--sign ID.p12 --password-file F]`
//! and `techfile verify OUT.zip`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context};
use clap::Args;

use techfile::package::{self, sign::Signer};
use techfile::{store, util};

#[derive(Debug, Args)]
pub struct PackageArgs {
    /// The project file.
    pub path: PathBuf,
    /// The ZIP to write (atomically).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Sign the manifest with the key and certificate in this PKCS#12 file
    /// (`manifest.json.p7s`, detached CMS SignedData, DER).
    #[arg(long, requires = "password_file")]
    pub sign: Option<PathBuf>,
    /// A file holding the PKCS#12 password (one line; a final newline is
    /// not part of it).
    #[arg(long, requires = "sign")]
    pub password_file: Option<PathBuf>,
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub fn run(a: PackageArgs) -> anyhow::Result<ExitCode> {
    let text = store::read_text(&a.path)?;
    let tf = super::parse_project(&text, &a.path)?;
    util::check_export_target(&a.path, &a.output)?;
    let signer = match (&a.sign, &a.password_file) {
        (Some(p12), Some(pw)) => {
            let der =
                std::fs::read(p12).with_context(|| format!("{}: cannot read", p12.display()))?;
            let password = std::fs::read_to_string(pw)
                .with_context(|| format!("{}: cannot read the password file", pw.display()))?;
            let password = password
                .strip_suffix("\r\n")
                .or_else(|| password.strip_suffix('\n'))
                .unwrap_or(&password);
            Some(
                Signer::from_pkcs12(&der, password)
                    .map_err(|e| anyhow!("{}: {e}", p12.display()))?,
            )
        }
        (None, None) => None,
        _ => bail!("--sign and --password-file go together"),
    };
    let out = package::package(&tf, &a.path, text.as_bytes(), signer.as_ref(), now_unix())
        .map_err(|e| anyhow!("{}: {e}", a.path.display()))?;
    for w in &out.warnings {
        eprintln!("warning: {}", super::terminal_safe(w));
    }
    util::write_atomic(&a.output, &out.zip, false)
        .with_context(|| format!("{}: cannot write", a.output.display()))?;
    eprintln!(
        "wrote {} ({} entries, {} bytes)",
        a.output.display(),
        out.manifest.entries.len() + 1 + usize::from(out.signer.is_some()),
        out.zip.len()
    );
    if let Some(s) = &out.signer {
        eprintln!(
            "signed by {} (certificate SHA-256 {})",
            super::terminal_safe(&s.subject),
            s.sha256
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The package (ZIP) to check.
    pub path: PathBuf,
}

/// Exit 0 when every hash and the signature hold, 1 when something does
/// not match (each named), 2 when the file is not a package.
pub fn verify(a: VerifyArgs) -> anyhow::Result<ExitCode> {
    let bytes =
        std::fs::read(&a.path).with_context(|| format!("{}: cannot read", a.path.display()))?;
    let v =
        package::verify(&bytes, now_unix()).map_err(|e| anyhow!("{}: {e}", a.path.display()))?;
    for p in &v.problems {
        outln!("{}: {}", a.path.display(), super::terminal_safe(p));
    }
    if let Some(m) = &v.manifest {
        outln!(
            "{} {} version {} ({}): {} entries checked",
            super::terminal_safe(&m.document_id),
            super::terminal_safe(&m.title),
            super::terminal_safe(&m.version),
            super::terminal_safe(&m.date),
            v.entries_checked
        );
        for d in &m.documents_not_included {
            outln!("not included: {}", super::terminal_safe(d));
        }
    }
    match (&v.signer, v.signed) {
        (Some(s), _) => outln!(
            "signature holds: signed by {} (certificate SHA-256 {}, valid {} to {})",
            super::terminal_safe(&s.subject),
            s.sha256,
            s.not_before,
            s.not_after
        ),
        (None, true) => {}
        (None, false) => outln!("not signed (no {})", package::SIGNATURE),
    }
    Ok(if v.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

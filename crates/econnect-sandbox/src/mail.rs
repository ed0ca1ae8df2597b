//! Outgoing email: every message is written to `DIR/outbox/` as an `.eml` file, and sent by
//! SMTP too when an SMTP server is configured. Mail goes out only after the change that
//! caused it is committed, so a failed or replayed request sends nothing.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// The most of the address that goes into an `.eml` file's name.
const MAX_ADDRESS_IN_FILE_NAME: usize = 120;

const FROM: &str = "eConnect <no-reply@econnect.example>";

/// An email to send.
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// A short word for the file name: `invitation`, `set-password`.
    pub kind: &'static str,
}

pub struct Mailer {
    outbox: PathBuf,
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    counter: AtomicU64,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("cannot build the email to {to}: {reason}")]
    Build { to: String, reason: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Mailer {
    /// `smtp` is `HOST:PORT` of a plain SMTP server (a local relay or a test server).
    pub fn new(outbox: PathBuf, smtp: Option<&str>) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&outbox)?;
        let smtp = match smtp {
            None => None,
            Some(address) => {
                let (host, port) = address
                    .rsplit_once(':')
                    .ok_or_else(|| anyhow::anyhow!("--smtp `{address}` must be HOST:PORT"))?;
                let port: u16 = port.parse().map_err(|_| {
                    anyhow::anyhow!("--smtp `{address}`: `{port}` is not a port number")
                })?;
                Some(
                    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                        .port(port)
                        .build(),
                )
            }
        };
        Ok(Self {
            outbox,
            smtp,
            counter: AtomicU64::new(0),
        })
    }

    /// Writes the message to the outbox and hands it to SMTP in the background. A failing
    /// SMTP server is logged, never fails the request: the outbox always has the message.
    pub fn send(&self, mail: OutgoingMail) -> Result<PathBuf, MailError> {
        let message = Message::builder()
            .from(FROM.parse().map_err(|error| build_error(&mail.to, error))?)
            .to(mail
                .to
                .parse()
                .map_err(|error| build_error(&mail.to, error))?)
            .subject(&mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|error| build_error(&mail.to, error))?;
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let safe_to: String = mail
            .to
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "@.-_".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            // A file name has 255 bytes at most: a long address is cut (the counter keeps the
            // names apart), so that no invitation is ever left without its email.
            .take(MAX_ADDRESS_IN_FILE_NAME)
            .collect();
        let path = self
            .outbox
            .join(format!("{stamp}-{n:06}-{}-{safe_to}.eml", mail.kind));
        std::fs::write(&path, message.formatted()).map_err(|source| MailError::Write {
            path: path.clone(),
            source,
        })?;
        tracing::info!(to = %mail.to, kind = mail.kind, path = %path.display(), "mail written to the outbox");
        if let Some(smtp) = self.smtp.clone() {
            let to = mail.to.clone();
            tokio::spawn(async move {
                if let Err(error) = smtp.send(message).await {
                    tracing::warn!(%to, %error, "SMTP delivery failed; the message is in the outbox");
                }
            });
        }
        Ok(path)
    }
}

fn build_error(to: &str, error: impl std::fmt::Display) -> MailError {
    MailError::Build {
        to: to.to_owned(),
        reason: error.to_string(),
    }
}

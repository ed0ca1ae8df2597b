//! `--smtp`: every email also goes to an SMTP server. The receiving server is a minimal SMTP
//! sink written here — the one part of the mail path the sandbox cannot play itself.

use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::support::Sandbox;

/// Accepts SMTP sessions and sends each message's DATA to the channel.
async fn smtp_sink(listener: TcpListener, received: mpsc::UnboundedSender<String>) {
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            return;
        };
        let received = received.clone();
        tokio::spawn(async move {
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            let _ = write.write_all(b"220 sink ESMTP\r\n").await;
            let mut data: Option<String> = None;
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(body) = data.as_mut() {
                    if line == "." {
                        let _ = received.send(std::mem::take(body));
                        data = None;
                        let _ = write.write_all(b"250 queued\r\n").await;
                    } else {
                        body.push_str(&line);
                        body.push('\n');
                    }
                    continue;
                }
                let command = line.to_ascii_uppercase();
                let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
                    b"250 sink\r\n"
                } else if command.starts_with("DATA") {
                    data = Some(String::new());
                    b"354 go ahead\r\n"
                } else if command.starts_with("QUIT") {
                    let _ = write.write_all(b"221 bye\r\n").await;
                    return;
                } else {
                    b"250 ok\r\n"
                };
                let _ = write.write_all(reply).await;
            }
        });
    }
}

#[tokio::test]
async fn invitations_are_also_sent_by_smtp() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let smtp = listener.local_addr().unwrap().to_string();
    let (sender, mut received) = mpsc::unbounded_channel();
    tokio::spawn(smtp_sink(listener, sender));

    let sandbox = Sandbox::start_with(|options| options.smtp = Some(smtp)).await;
    let admin = sandbox.admin().await;
    admin
        .invite(json!({"email": "by.smtp@acme.example"}))
        .await
        .expect(201, "invite");
    let message = tokio::time::timeout(Duration::from_secs(10), received.recv())
        .await
        .expect("an SMTP delivery within 10 s")
        .expect("a message");
    assert!(message.contains("To: by.smtp@acme.example"), "{message}");
    assert!(
        message.contains("/activate/"),
        "the activation link: {message}"
    );
    assert_eq!(sandbox.outbox().len(), 1, "and the outbox has it too");
}

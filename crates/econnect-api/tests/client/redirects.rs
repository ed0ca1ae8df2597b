//! Redirects never carry the secrets elsewhere. The sandbox never redirects, so these tests
//! use two bare loopback listeners instead (the one mock in this suite, for a behaviour the
//! sandbox cannot produce): one answers every request with a redirect to the other, which
//! records whatever reaches it.

use std::sync::{Arc, Mutex};

use econnect_api::{ApiClient, ApiError, ClientOptions, Credentials, Endpoints, Secret};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves every connection with `answer(request)`; keeps each request's text.
async fn listener(
    answer: impl Fn(&str) -> String + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = vec![0u8; 16 * 1024];
            let n = socket.read(&mut buffer).await.unwrap_or(0);
            let request = String::from_utf8_lossy(&buffer[..n]).into_owned();
            let response = answer(&request);
            record.lock().unwrap().push(request);
            let _ = socket.write_all(response.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (base, seen)
}

fn redirect_to(location: String) -> impl Fn(&str) -> String + Send + Sync + 'static {
    move |_| {
        format!(
            "HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
    }
}

fn client(api: &str, identity: &str) -> ApiClient {
    ApiClient::new(
        Endpoints::new(api, identity).unwrap(),
        Credentials {
            client_id: "client".to_owned(),
            client_secret: Secret::new("the-client-secret".to_owned()),
            user: Some((
                "ada@acme.example".to_owned(),
                Secret::new("the-password".to_owned()),
            )),
        },
        ClientOptions {
            max_attempts: 1,
            ..ClientOptions::default()
        },
    )
    .unwrap()
}

#[tokio::test]
async fn a_redirect_of_the_token_request_is_an_error_and_the_secrets_stay_here() {
    let (elsewhere, reached) =
        listener(|_| "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n".to_owned()).await;
    let (identity, _) = listener(redirect_to(format!("{elsewhere}/connect/token"))).await;
    let error = client(&identity, &identity).sign_in().await.unwrap_err();
    assert!(
        matches!(&error, ApiError::InvalidUrl { reason, .. } if reason.contains("redirect")),
        "{error:?}"
    );
    assert!(
        reached.lock().unwrap().is_empty(),
        "the token request followed the redirect to another origin: {:?}",
        reached.lock().unwrap()
    );
    let message = error.to_string();
    assert!(!message.contains("the-client-secret") && !message.contains("the-password"));
}

#[tokio::test]
async fn an_api_redirect_to_another_origin_is_not_followed() {
    let token = |_: &str| {
        let body = r#"{"access_token":"the-token","token_type":"Bearer","expires_in":3600}"#;
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let (identity, _) = listener(token).await;
    let (elsewhere, reached) =
        listener(|_| "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".to_owned()).await;
    let (api, _) = listener(redirect_to(format!("{elsewhere}/api/v1/me"))).await;
    let error = client(&api, &identity).me().await.unwrap_err();
    assert_eq!(error.status(), Some(307), "{error:?}");
    assert!(
        reached.lock().unwrap().is_empty(),
        "the bearer token was sent to another origin: {:?}",
        reached.lock().unwrap()
    );
}

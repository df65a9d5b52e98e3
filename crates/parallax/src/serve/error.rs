//! API errors: `{"code": "...", "message": "..."}` with a stable code and the right status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::views::NotFound;
use crate::UserError;

/// An error answered to an API client.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    /// Stable machine-readable code, documented in openapi.json and the README.
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    pub(crate) fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        let message = format!("{e:#}");
        if e.chain().any(|c| c.is::<NotFound>()) {
            Self::not_found(message)
        } else if e.chain().any(|c| c.is::<UserError>()) {
            Self::bad_request("bad_request", message)
        } else if e.chain().any(|c| c.is::<parallax_ingest::IngestError>()) {
            Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unprocessable_input",
                message,
            )
        } else {
            crate::output::error(&message);
            Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
        }
    }
}

#[derive(serde::Serialize)]
struct Body<'a> {
    code: &'a str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(Body {
                code: self.code,
                message: &self.message,
            }),
        )
            .into_response()
    }
}

//! The `Retry-After` header of a 429 or 503 answer: how long the server asks us to wait,
//! given as seconds (`120`) or as an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::date::Date;

/// The wait a `Retry-After` value asks for, as of `now` (zero for a date already past), or
/// `None` when the value is neither form.
pub(crate) fn parse(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = http_date(value)?;
    let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

/// Seconds since 1970 of an HTTP date in its preferred form (IMF-fixdate, RFC 9110):
/// `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(text: &str) -> Option<u64> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_weekday, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? as u32 + 1;
    let date = Date::new(year.parse().ok()?, month, day.parse().ok()?)?;
    let mut clock = time.split(':').map(|n| n.parse::<u64>().ok());
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    if clock.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = u64::try_from(date.to_days()).ok()?;
    Some(days * 86_400 + h * 3600 + m * 60 + s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_read_as_seconds_or_as_an_http_date() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // 1994-11-06 08:49:37 UTC
        assert_eq!(parse(" 120 ", now), Some(Duration::from_secs(120)));
        assert_eq!(
            parse("Sun, 06 Nov 1994 08:51:37 GMT", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        for bad in [
            "soon",
            "-5",
            "Sun, 06 Nov 1994 25:00:00 GMT",
            "Sun, 31 Feb 1994 08:00:00 GMT",
            "",
        ] {
            assert_eq!(parse(bad, now), None, "{bad}");
        }
    }
}

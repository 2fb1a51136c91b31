use super::*;

fn parse_chunks(chunks: &[&[u8]]) -> Result<Vec<RawEvent>, Overflow> {
    let mut parser = Parser::new(1024, 4096);
    let mut out = VecDeque::new();
    for chunk in chunks {
        parser.feed(chunk, &mut out)?;
    }
    Ok(out.into())
}

fn parse(input: &str) -> Vec<RawEvent> {
    parse_chunks(&[input.as_bytes()]).unwrap()
}

fn event(id: Option<&str>, event: &str, data: &str) -> RawEvent {
    RawEvent {
        id: id.map(str::to_owned),
        event: event.to_owned(),
        data: data.to_owned(),
        retry: None,
    }
}

#[test]
fn data_lines_join_with_line_feeds() {
    assert_eq!(
        parse("data: a\ndata:b\ndata:  c\n\n"),
        [event(None, "message", "a\nb\n c")]
    );
    // One empty `data` line is an event with empty data; no `data` is no event.
    assert_eq!(parse("data\n\nevent: x\n\n"), [event(None, "message", "")]);
}

#[test]
fn fields_event_id_and_comments() {
    let events = parse(": keep-alive\nevent: tick\nid: 7\ndata: {}\n\ndata: next\n\n");
    assert_eq!(
        events,
        [
            event(Some("7"), "tick", "{}"),
            // The id carries over; the type does not.
            event(Some("7"), "message", "next"),
        ]
    );
    // An empty id resets it; an id holding NUL is ignored; unknown fields too.
    let events = parse("id: 1\ndata: a\n\nid\ndata: b\n\nid: x\0y\nfoo: bar\ndata: c\n\n");
    assert_eq!(
        events,
        [
            event(Some("1"), "message", "a"),
            event(None, "message", "b"),
            event(None, "message", "c"),
        ]
    );
}

#[test]
fn retry_takes_digits_only() {
    let mut parser = Parser::new(1024, 4096);
    let mut out = VecDeque::new();
    parser
        .feed(
            b"retry: 1500\ndata: a\n\nretry: 12a\n\nretry: -5\n\n",
            &mut out,
        )
        .unwrap();
    assert_eq!(out[0].retry, Some(Duration::from_millis(1500)));
    assert_eq!(out.len(), 1);
    assert_eq!(parser.reconnect, Some(Duration::from_millis(1500)));
    // A retry-only block sets the delay and dispatches nothing.
    parser.feed(b"retry: 20\n\n", &mut out).unwrap();
    assert_eq!(parser.reconnect, Some(Duration::from_millis(20)));
    assert_eq!(out.len(), 1);
}

#[test]
fn line_ends_and_bom() {
    let expected = [event(Some("1"), "message", "a"), event(None, "m", "b")];
    let expected = |events: Vec<RawEvent>| {
        assert_eq!(events[0], expected[0]);
        assert_eq!(events[1].event, expected[1].event);
        assert_eq!(events[1].data, expected[1].data);
    };
    expected(parse("\u{feff}id: 1\rdata: a\r\revent: m\ndata: b\n\n"));
    expected(parse("id: 1\r\ndata: a\r\n\r\nevent: m\r\ndata: b\r\n\r\n"));
    // Only the first BOM of the stream is dropped.
    let events = parse("data: a\n\n\u{feff}data: b\n\n");
    assert_eq!(events.len(), 1);
    // Invalid UTF-8 is replaced, not refused.
    let events = parse_chunks(&[b"data: \xff\n\n"]).unwrap();
    assert_eq!(events[0].data, "\u{fffd}");
}

#[test]
fn an_unterminated_event_is_not_dispatched() {
    assert_eq!(parse("data: a\n\ndata: b\n"), [event(None, "message", "a")]);
    assert_eq!(parse("data: a\n\ndata: b"), [event(None, "message", "a")]);
}

#[test]
fn the_last_event_id_counts_once_its_block_ends() {
    let mut parser = Parser::new(1024, 4096);
    let mut out = VecDeque::new();
    parser
        .feed(b"id: 1\ndata: a\n\nid: 2\ndata: b\n", &mut out)
        .unwrap();
    assert_eq!(parser.last_event_id(), "1");
    // A new connection: the id of the lost block never counted; later events without
    // an id of their own have none.
    parser.reset_connection();
    parser.feed(b"data: c\n\n", &mut out).unwrap();
    assert_eq!(out[1], event(None, "message", "c"));
    assert_eq!(parser.last_event_id(), "");
}

#[test]
fn lines_and_events_are_bounded() {
    let mut parser = Parser::new(8, 10);
    let mut out = VecDeque::new();
    assert_eq!(
        parser.feed(b"data: 1234", &mut out),
        Err(Overflow::Line(8)),
        "a line never ends"
    );
    let mut parser = Parser::new(8, 10);
    // Split across chunks, the line is bounded just the same.
    parser.feed(b"data", &mut out).unwrap();
    assert_eq!(parser.feed(b": 12345", &mut out), Err(Overflow::Line(8)));
    let mut parser = Parser::new(12, 10);
    assert_eq!(
        parser.feed(b"data:123456\ndata:123456\n", &mut out),
        Err(Overflow::Event(10))
    );
    assert!(out.is_empty());
}

/// Every split of a stream into two or three chunks gives the same events as the
/// stream in one piece: no boundary (inside a CRLF, a BOM, a field name) changes them.
#[test]
fn chunk_boundaries_change_nothing() {
    let input: &[u8] = b"\xEF\xBB\xBFretry: 10\r\nid: 1\r\nevent: a\r\ndata: x\r\ndata: y\r\n\r\n\
        : note\rid: 2\rdata: {\"k\": 1}\r\rdata: z\n\ndata: w\r\n\r\n";
    let whole = parse_chunks(&[input]).unwrap();
    assert_eq!(whole.len(), 4);
    for i in 0..=input.len() {
        for j in i..=input.len() {
            let split = parse_chunks(&[&input[..i], &input[i..j], &input[j..]]).unwrap();
            assert_eq!(split, whole, "split at {i} and {j}");
        }
    }
}

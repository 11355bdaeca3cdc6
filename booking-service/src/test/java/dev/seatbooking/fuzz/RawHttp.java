package dev.seatbooking.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written byte for byte over a socket, for requests no HTTP client library will send (a
 * NUL in a header, a raw 0xFF in the path). One request per connection.
 */
final class RawHttp {

    /** What came back: the status (0 when the answer had no status line, as HTTP/0.9 answers do), and the body. */
    record Answer(int status, String contentType, String body) {
    }

    private RawHttp() {
    }

    static Answer send(int port, byte[] request) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            var received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // Kept open by the server: what came so far is the answer.
            }
            return parse(received.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request: the request line, header lines, then the body; each line ends in CRLF. */
    static byte[] request(byte[] requestLine, byte[][] headers, byte[] body) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(requestLine);
        out.writeBytes(crlf());
        for (byte[] header : headers) {
            out.writeBytes(header);
            out.writeBytes(crlf());
        }
        out.writeBytes(("Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Text with one byte put in the middle of it. */
    static byte[] with(String before, int b, String after) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
        out.writeBytes(after.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] crlf() {
        return new byte[] {'\r', '\n'};
    }

    private static Answer parse(String raw) {
        if (!raw.startsWith("HTTP/1.1 ")) {
            return new Answer(0, "", raw);
        }
        int headersEnd = raw.indexOf("\r\n\r\n");
        String head = headersEnd < 0 ? raw : raw.substring(0, headersEnd);
        String body = headersEnd < 0 ? "" : raw.substring(headersEnd + 4);
        int status = Integer.parseInt(head.substring(9, 12));
        String contentType = head.lines().filter(l -> l.regionMatches(true, 0, "Content-Type:", 0, 13))
                .map(l -> l.substring(13).trim()).findFirst().orElse("");
        if (head.toLowerCase().contains("transfer-encoding: chunked")) {
            body = unchunk(body);
        }
        return new Answer(status, contentType, body);
    }

    private static String unchunk(String chunked) {
        var body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}

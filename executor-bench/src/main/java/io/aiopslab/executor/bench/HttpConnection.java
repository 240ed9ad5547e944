package io.aiopslab.executor.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection with a minimal blocking client, so that the load generator
 * takes little of the two shared cores (the JDK HttpClient costs several times more per request).
 * Reconnects when the server closes. Not thread-safe: one per client thread.
 */
final class HttpConnection implements AutoCloseable {
  private final String host;
  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  record Response(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  HttpConnection(String host, int port) {
    this.host = host;
    this.port = port;
  }

  Response get(String path) throws IOException {
    return send("GET", path, null);
  }

  Response post(String path, byte[] json) throws IOException {
    return send("POST", path, json);
  }

  Response send(String method, String path, byte[] json) throws IOException {
    if (socket == null) {
      connect();
    }
    var head = new StringBuilder(160);
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ");
    head.append(host).append(':').append(port).append("\r\nAccept: application/json\r\n");
    if (json != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ");
      head.append(json.length).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    if (json != null) {
      out.write(json);
    }
    out.flush();
    return read();
  }

  private void connect() throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
  }

  private Response read() throws IOException {
    String statusLine = readLine();
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.contains("chunked")) {
        chunked = true;
      } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
        close = true;
      }
    }
    byte[] body;
    if (chunked) {
      var buffer = new ByteArrayOutputStream();
      while (true) {
        int size = Integer.parseInt(readLine().split(";")[0].trim(), 16);
        if (size == 0) {
          readLine();
          break;
        }
        buffer.write(in.readNBytes(size));
        readLine();
      }
      body = buffer.toByteArray();
    } else {
      body = length > 0 ? in.readNBytes((int) length) : new byte[0];
    }
    if (close) {
      close();
    }
    return new Response(status, body);
  }

  private String readLine() throws IOException {
    var line = new StringBuilder(64);
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("connection closed by the server");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}

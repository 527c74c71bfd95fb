import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { chunkedUpload } from "./upload-flood";

describe("chunkedUpload", () => {
  let server: net.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A server that drops each connection, unanswered, once `after` bytes have arrived. */
  const dropping = (after: number, drop: (socket: net.Socket) => void) =>
    new Promise<string>((resolve) => {
      server = net.createServer((socket) => {
        let received = 0;
        socket.on("data", (data) => {
          received += data.length;
          if (received >= after) drop(socket);
        });
        socket.on("error", () => {});
      });
      server.listen(0, "127.0.0.1", () => {
        resolve(`http://127.0.0.1:${(server!.address() as net.AddressInfo).port}/upload`);
      });
    });

  it("ends with the socket's error when the server resets the connection without an answer", async () => {
    const url = await dropping(256 * 1024, (socket) => socket.resetAndDestroy());
    const outcome = await chunkedUpload(url, 100 * 1024 * 1024);
    expect(outcome).toMatchObject({ error: expect.stringMatching(/ECONNRESET|EPIPE|closed/) });
  });

  it("ends as closed when the server closes the connection without an answer", async () => {
    const url = await dropping(256 * 1024, (socket) => socket.destroy());
    const outcome = await chunkedUpload(url, 100 * 1024 * 1024);
    expect(outcome).toMatchObject({ error: expect.stringMatching(/ECONNRESET|EPIPE|closed/) });
  });

  it("reports the status of an answer that came before the body was sent", async () => {
    server = net.createServer((socket) => {
      socket.once("data", () => socket.end("HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n"));
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    const outcome = await chunkedUpload(`http://127.0.0.1:${port}/upload`, 100 * 1024 * 1024);
    expect(outcome).toMatchObject({ status: 401 });
  });
});

// The floor for the upload-flood test: a bare Node HTTP server that answers every POST 401 without
// reading its body, as an ideal refusing server would. What Node itself spends on a flood against
// it (reading and dropping the uploads in flight, so the connection can be kept alive) is not the
// application's to save; the test bounds what the real servers spend beyond it.
import http from "node:http";

const server = http.createServer((req, res) => {
  res.writeHead(req.method === "GET" ? 200 : 401, { "content-type": "application/json" });
  res.end("{}");
});
server.listen(Number(process.env.PORT), "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));

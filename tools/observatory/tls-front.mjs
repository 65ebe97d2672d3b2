// A stand-in for the TLS terminator a deployment puts in front of the server (a load balancer
// or a reverse proxy): https on LISTEN, every request passed on unchanged to UPSTREAM over
// plain http, every answer passed back unchanged. It adds no header of its own, so a scan
// through it grades the server's headers as a visitor over https receives them.
// Usage: node tls-front.mjs <key.pem> <cert.pem> <listen host:port> <upstream host:port>
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";

const [key, cert, listen, upstream] = process.argv.slice(2);
const [host, port] = listen.split(":");
const [upHost, upPort] = upstream.split(":");

https
  .createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const forward = http.request(
      { host: upHost, port: upPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    forward.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  })
  .listen(Number(port), host, () => console.log(`tls-front: https://${listen} -> http://${upstream}`));

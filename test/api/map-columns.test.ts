[
  {
    "name": "startServer > listens on loopback and prints an address carrying the token",
    "file": "/work/wt-contract/test/server/server.test.ts"
  },
  {
    "name": "startServer > refuses requests without the right token, pages and API alike",
    "file": "/work/wt-contract/test/server/server.test.ts"
  },
  {
    "name": "startServer > trades the token in the address for a cookie, then serves the page with a strict CSP",
    "file": "/work/wt-contract/test/server/server.test.ts"
  },
  {
    "name": "startServer > refuses other host names (DNS rebinding) and cross-site origins even with the token",
    "file": "/work/wt-contract/test/server/server.test.ts"
  },
  {
    "name": "startServer > answers bad parameters with 400 and a message naming the field",
    "file": "/work/wt-contract/test/server/server.test.ts"
  },
  {
    "name": "startServer > ships the same CSP in the page itself (the desktop app loads it from a file, without headers)",
    "file": "/work/wt-contract/test/server/server.test.ts"
  },
  {
    "name": "startServer > keeps upload names inside the batch folder",
    "file": "/work/wt-contract/test/server/server.test.ts"
  },
  {
    "name": "startServer > round trip with a log > uploads a file, imports the batch as a job, and reads the session back",
    "file": "/work/wt-contract/test/server/server.test.ts"
  }
]
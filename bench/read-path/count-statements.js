'use strict';
// Preloaded (`node -r`) into each server under test: counts every statement its `pg` clients send
// (pool.query goes through Client#query, so each is counted once; BEGIN/COMMIT count too) and
// answers the total (and the process's memoryUsage) when the bench asks over the IPC channel. Plain JS so it loads the same way in
// the compiled Gatehouse, the ceiling and PostGraphile (on another Node version).
const { Client } = require(require.resolve('pg', { paths: [process.cwd()] }));

let statements = 0;
const query = Client.prototype.query;
Client.prototype.query = function countedQuery(...args) {
  statements++;
  return query.apply(this, args);
};

if (process.send) {
  process.on('message', (message) => {
    if (message === 'statements') process.send({ statements });
    if (message === 'memory') process.send({ memory: process.memoryUsage() });
  });
  // The channel must not keep a server alive once it is told to stop.
  process.channel?.unref();
}

const { PGlite } = require('@electric-sql/pglite');
(async () => {
  let t = Date.now(); const a = await PGlite.create(); console.log('memory', Date.now() - t);
  t = Date.now(); const dump = await a.dumpDataDir('none'); console.log('dump', Date.now() - t, dump.size);
  t = Date.now(); const b = await PGlite.create({ loadDataDir: dump }); console.log('from dump', Date.now() - t);
  t = Date.now(); const c = await PGlite.create({ dataDir: '/tmp/pgl1' }); console.log('existing dir', Date.now() - t);
  t = Date.now(); const d = await PGlite.create({ dataDir: '/tmp/pgl-new-'+Date.now() }); console.log('new dir', Date.now() - t);
  console.log((await d.query('select version()')).rows[0]);
  console.log((await d.query("create database foo").catch(e=>e.message)));
})();

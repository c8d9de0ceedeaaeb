import sinon from 'sinon';

/**
 * A sinon stub for every method of a port, made on first use: a method added to the port needs no
 * edit here nor in any test that does not call it, and the type still refuses a name the port lacks.
 * `then` stays undefined so that a stubbed port returned from an async function is not taken for a
 * promise.
 */
export function stubPort<Port extends object>(): sinon.SinonStubbedInstance<Port> {
  const stubs = new Map<string, sinon.SinonStub>();
  return new Proxy({} as sinon.SinonStubbedInstance<Port>, {
    get(_target, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      let stub = stubs.get(name);
      if (!stub) stubs.set(name, (stub = sinon.stub()));
      return stub;
    },
  });
}

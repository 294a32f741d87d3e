// VizierService as direct query registers it: the shared definition, except that
// ExecuteScript responses arrive already serialized (the driver encodes each frame once,
// so the drain loop knows its exact size) and pass through untouched.

import { serializerFor, vizierServiceDefinition, ExecuteScriptResponseSchema, type ExecuteScriptResponse } from '../../proto/index.js';

const encode = serializerFor(ExecuteScriptResponseSchema);

export const directQueryServiceDefinition = {
  ...vizierServiceDefinition,
  executeScript: {
    ...vizierServiceDefinition.executeScript,
    responseSerialize: (value: ExecuteScriptResponse | Buffer): Buffer => (Buffer.isBuffer(value) ? value : encode(value)),
  },
};

import type { Backend, ParamsArg } from '@rectify/activation-core';
import { describe, expectTypeOf, it } from 'vitest';
import './index.js';

declare const backend: Backend;
declare const input: Float32Array;

describe('ActivationMap augmentation', () => {
  it('types the parameters of a plugin id', () => {
    expectTypeOf<ParamsArg<'acme/bent_relu'>>().toEqualTypeOf<{ readonly bend?: number }>();
    void backend.forward('acme/bent_relu', input, { bend: 0.2 });
    // @ts-expect-error: bend is a number
    void backend.forward('acme/bent_relu', input, { bend: 'much' });
    // @ts-expect-error: no such parameter
    void backend.forward('acme/bent_relu', input, { bent: 0.2 });
  });

  it('types the built-ins', () => {
    void backend.forward('leaky_relu', input, { alpha: 0.2 });
    void backend.forward('prelu', input, { alpha: new Float32Array(3) }, { shape: [1, 3] });
    // @ts-expect-error: leaky_relu's alpha is one number, not per channel
    void backend.forward('leaky_relu', input, { alpha: new Float32Array(3) });
    // @ts-expect-error: relu takes no parameters
    void backend.forward('relu', input, { alpha: 1 });
  });

  it('still accepts ids registered at run time', () => {
    const id: string = 'loaded/from_json';
    void backend.forward(id, input, { anything: 1 });
  });
});

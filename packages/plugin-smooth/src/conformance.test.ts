import { createReferenceBackend, createRegistry } from '@rectify/activation-core';
import { describeConformance } from '@rectify/activation-core/testing';
import { describe, it } from 'vitest';
import { smoothPlugin } from './index.js';

describeConformance({ describe, it }, { backend: createReferenceBackend(createRegistry({ plugins: [smoothPlugin] })) });

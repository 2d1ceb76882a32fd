import type { Plugin } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';

/**
 * The plugins documented by this site, next to the built-ins. Adding a plugin here is the only
 * step needed: its activations get generated pages, appear in the activation index and in every
 * widget's activation menu.
 */
export const plugins: readonly Plugin[] = [smoothPlugin];

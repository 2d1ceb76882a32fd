import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DefaultTheme, UserConfig } from 'vitepress';
import type { ActivationPageData } from '../generate/activation-page-data.js';
import { activationPath } from './site-registry.js';

const docsRoot = new URL('../../', import.meta.url);
const readJson = (relativePath: string): unknown => {
  const path = fileURLToPath(new URL(relativePath, docsRoot));
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`pnpm --filter @rectify/docs generate\` (part of \`pnpm docs:build\`) first.`);
  return JSON.parse(readFileSync(path, 'utf8'));
};

type SidebarItem = DefaultTheme.SidebarItem;

/** TypeDoc names a package's entry module after its folder ("src"); show the package name instead. */
function apiSidebar(): SidebarItem[] {
  const groups = readJson('reference/api/typedoc-sidebar.json') as SidebarItem[];
  return groups.map((group) => ({
    ...group,
    text: `@rectify/${group.text ?? ''}`,
    items: (group.items ?? []).map((item) => (item.text === 'src' ? { ...item, text: 'main entry' } : item)),
  }));
}

function activationSidebar(): SidebarItem[] {
  const pages = readJson('.generated/activations.json') as ActivationPageData[];
  const item = (page: ActivationPageData): SidebarItem => ({ text: page.name, link: activationPath(page.id) });
  const builtIns = pages.filter((page) => page.origin.kind === 'built-in');
  const byPlugin = new Map<string, ActivationPageData[]>();
  for (const page of pages) {
    if (page.origin.kind === 'plugin') byPlugin.set(page.origin.name, [...(byPlugin.get(page.origin.name) ?? []), page]);
  }
  return [
    { text: 'All activations', link: '/activations/' },
    { text: 'Built-in', collapsed: false, items: builtIns.map(item) },
    ...[...byPlugin].map(([name, plugin]) => ({ text: name, collapsed: false, items: plugin.map(item) })),
  ];
}

const guideSidebar: SidebarItem[] = [
  {
    text: 'Guides',
    items: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'Backends: CPU and WebGPU', link: '/guide/backends' },
      { text: 'The trainer and its CLI', link: '/guide/trainer' },
      { text: 'Writing a plugin', link: '/guide/plugin-authors' },
      { text: 'Benchmarks and accuracy', link: '/guide/benchmarks' },
    ],
  },
  {
    text: 'Concepts',
    items: [
      { text: 'Why a non-linearity', link: '/concepts/non-linearity' },
      { text: 'Sparsity', link: '/concepts/sparsity' },
      { text: 'Saturation and vanishing gradients', link: '/concepts/vanishing-gradients' },
      { text: 'Dying ReLU', link: '/concepts/dying-relu' },
      { text: 'Exploding gradients and clipping', link: '/concepts/exploding-gradients' },
      { text: 'The subgradient at 0', link: '/concepts/subgradients' },
      { text: 'Initialisation', link: '/concepts/initialisation' },
      { text: 'Regularisation', link: '/concepts/regularisation' },
    ],
  },
  {
    text: 'Try it',
    items: [{ text: 'Training playground', link: '/playground' }],
  },
];

export function siteConfig(): UserConfig<DefaultTheme.Config> {
  return {
    title: 'Rectify',
    description: 'ReLU-family activations for JavaScript: one typed definition per activation, every backend, every plugin.',
    cleanUrls: true,
    head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
    srcExclude: ['README.md'],
    // Outside .vitepress so linting and git never see the dependency cache.
    cacheDir: 'node_modules/.cache/vitepress',
    vite: {
      // Workspace packages are used from their TypeScript sources, as in tests.
      resolve: { conditions: ['@rectify/source'] },
    },
    themeConfig: {
      nav: [
        { text: 'Guides', link: '/guide/getting-started' },
        { text: 'Concepts', link: '/concepts/non-linearity' },
        { text: 'Activations', link: '/activations/' },
        { text: 'Playground', link: '/playground' },
        { text: 'API', link: '/reference/' },
      ],
      sidebar: {
        '/guide/': guideSidebar,
        '/concepts/': guideSidebar,
        '/activations/': activationSidebar(),
        '/reference/': [{ text: 'API reference', link: '/reference/' }, ...apiSidebar()],
      },
      outline: [2, 3],
      search: { provider: 'local' },
    },
  };
}

import { defineAsyncComponent } from 'vue';
import DefaultTheme from 'vitepress/theme';
import 'katex/dist/katex.min.css';
import 'uplot/dist/uPlot.min.css';
import './custom.css';
import ActivationPlot from './components/ActivationPlot.vue';
import DepthWidget from './components/DepthWidget.vue';
import NonLinearityWidget from './components/NonLinearityWidget.vue';
import RegularisationWidget from './components/RegularisationWidget.vue';
import SparsityWidget from './components/SparsityWidget.vue';
import SubgradientTable from './components/SubgradientTable.vue';

/** @type {import('vitepress').Theme} */
export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('ActivationPlot', ActivationPlot);
    app.component('DepthWidget', DepthWidget);
    app.component('NonLinearityWidget', NonLinearityWidget);
    app.component('RegularisationWidget', RegularisationWidget);
    app.component('SparsityWidget', SparsityWidget);
    app.component('SubgradientTable', SubgradientTable);
    // The trainer and both backends load only on the page that uses them.
    app.component('TrainingPlayground', defineAsyncComponent(() => import('./components/TrainingPlayground.vue')));
  },
};

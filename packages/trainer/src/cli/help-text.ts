export const helpText = `rectify-train: train MLPs with any registered activation and see what it does.

Commands
  train                     one activation (--activation relu)
  compare                   several activations, same seed, data and initialisation
                            (--activations relu,leaky_relu,prelu,elu,selu,gelu)
  experiment dying-relu     relu at --lr and --high-lr (0.03), leaky_relu at --high-lr,
                            relu at --high-lr with --positive-bias (0.1): dead units side by side
  experiment depth          sigmoid, tanh, relu, selu in a deep narrow MLP (--depth 20 --width 64):
                            gradient norm per layer at initialisation

Data
  --data mnist|spiral|circles|xor|gaussian|csv:<path>   (mnist)
  --train-size N --test-size N   split sizes (mnist 8000 / 2000; others 80% / 20%)
  --rows N --noise X --classes K synthetic sets       --label-column name|index   CSV
Model
  --hidden 128,64           hidden layer sizes        --activation id / --activations ids
  --param name=value        activation parameters (repeat)   --no-per-unit  one PReLU slope per layer
  --no-learn-params         keep learnable activation parameters (PReLU's slope, SiLU's beta) fixed
  --init auto|he_normal|he_uniform|xavier_normal|xavier_uniform|lecun_normal|orthogonal|zeros
  --init-mode fan_in|fan_out --gain X --bias-init X --dropout RATE
Training
  --epochs N --batch-size N (64) --seed N (0) --loss cross_entropy|mse
  --optimizer sgd|momentum|nesterov|adam|adamw (adam) --lr X (0.001) --momentum X --beta1 X --beta2 X --epsilon X
  --schedule constant|step|cosine --step-epochs N --gamma X --min-lr X --warmup STEPS
  --l1 X --l2 X --weight-decay X --decay-activation-params
  --clip-norm X --clip-value X --early-stopping PATIENCE --min-delta X --restore-best
  --probe-rows N (512) --bins N (30)
Running
  --backend cpu|webgpu|auto|reference (cpu) --threads N --plugin MODULE (repeat)
  --out DIR   metrics.json, metrics.csv, report.html   --save model.json   --checkpoint (save after every epoch)   --no-progress
`;
